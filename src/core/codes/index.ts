/** The backup-code parser and formatters: one import for the rest of the extension. */
export {
  codeKey,
  formatCodesFile,
  parseCodes,
  PARSE_LIMITS,
  type ParseResult,
  type ParsedCode,
  type RejectedLine,
} from './parse';
export { formatForField, type FieldFormat } from './format';
