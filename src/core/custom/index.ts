/**
 * Users' own catalogs: validating a catalog file with precise problems, and merging valid catalogs
 * with the built-in ones. Pure: no vscode, no Node built-ins.
 */
export {
  type CatalogProblem,
  type CatalogValidation,
  isValidCatalog,
  problemText,
  readablePath,
  validateCatalogText,
} from './validate';
export { type CustomCatalog, type MergeResult, SAFE_URL, mergeCatalogs } from './merge';
