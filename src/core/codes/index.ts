/**
 * The backup-code parser and formatters: one import for the rest of the extension.
 * `site-shape.ts` (which loads the whole site registry) is imported on its own.
 */
export { codeKey } from './key';
export { PARSE_LIMITS } from './limits';
export {
  parseCodes,
  type ParseMode,
  type ParseOptions,
  type ParseResult,
  type ParsedCode,
  type RejectedLine,
} from './parse';
export { describeShape, shapeMismatch, shapeOfSite, type CodeShape } from './shape';
export { validateCodeList, type CodeEntry } from './list';
export { formatForField, type FieldFormat } from './format';
