export type { Language, LanguageGroup, ScriptCode } from './language.js';
export { languages } from './registry.js';
export { findLanguage, getLanguage, closeLanguageMatches, selectLanguages } from './lookup.js';
