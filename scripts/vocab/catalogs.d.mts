// Types of catalogs.mjs (a plain Node module so extract.mjs runs without a build).
export type Catalog = Map<string, string>;
export function readPo(text: string): Catalog;
export function readJson(text: string): Catalog;
export function readYaml(text: string, lang?: string): Catalog;
export function readIni(text: string): Catalog;
export function readProperties(text: string): Catalog;
export function readScriptObject(text: string): Catalog;
export function readPhp(text: string): Catalog;
export function readXliff(text: string): Catalog;
export function decodeEntities(s: string): string;
export const READERS: Record<string, (text: string, lang?: string) => Catalog>;
