// Reading and checking option values, so every command words the same mistake the same way and
// names the command whose --help explains it. `parseArgs` has already checked option names and
// whether a value was given; these check what the value means.
import { UsageError } from '@oellm/core';
import type { ParsedArguments } from './command.js';

/** The value of a string option, or undefined when it was not given. */
export function stringOption(parsed: ParsedArguments, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** The values of string options the command cannot run without; one error lists all that are missing. */
export function requiredStringOptions<Name extends string>(parsed: ParsedArguments, names: readonly Name[], command: string): Record<Name, string> {
  const missing = names.filter((name) => (stringOption(parsed, name) ?? '') === '');
  if (missing.length > 0) {
    const list = missing.map((name) => `--${name}`);
    throw new UsageError({
      code: 'missing_option',
      message: `${list.length === 1 ? `${list[0]} is` : `${list.slice(0, -1).join(', ')} and ${list.at(-1)} are`} required. Run \`${command} --help\`.`,
    });
  }
  return Object.fromEntries(names.map((name) => [name, stringOption(parsed, name)])) as Record<Name, string>;
}

/** A whole-number option within `minimum`…`maximum`, or `fallback` (undefined by default) when not given. */
export function integerOption(parsed: ParsedArguments, name: string, limits: { minimum: number; maximum?: number }): number | undefined;
export function integerOption(parsed: ParsedArguments, name: string, limits: { minimum: number; maximum?: number }, fallback: number): number;
export function integerOption(parsed: ParsedArguments, name: string, { minimum, maximum = Number.MAX_SAFE_INTEGER }: { minimum: number; maximum?: number }, fallback?: number): number | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < minimum || value > maximum) {
    const range = maximum === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${minimum}` : `a whole number from ${minimum} to ${maximum}`;
    throw new UsageError({ code: 'invalid_option', message: `--${name} ${text}: expected ${range}` });
  }
  return value;
}

/**
 * A number option within `minimum`…`maximum` (inclusive unless `exclusive`), or undefined when
 * not given.
 */
export function numberOption(parsed: ParsedArguments, name: string, { minimum, maximum, exclusive = false }: { minimum: number; maximum: number; exclusive?: boolean }): number | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  const inRange = exclusive ? value > minimum && value < maximum : value >= minimum && value <= maximum;
  if (text.trim() === '' || !inRange) {
    throw new UsageError({ code: 'invalid_option', message: `--${name} ${text}: expected a number ${exclusive ? 'strictly ' : ''}between ${minimum} and ${maximum}` });
  }
  return value;
}

/** An option spelled `--name true|false` (spm_train's style for switches that default to true), or undefined. */
export function trueFalseOption(parsed: ParsedArguments, name: string): boolean | undefined {
  const value = parsed.values[name];
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError({ code: 'invalid_option', message: `--${name} ${String(value)}: expected true or false` });
}

/** "a, b or c" */
function alternatives(choices: readonly string[]): string {
  return choices.length === 1 ? choices[0]! : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}

/** One of a fixed set of words, or `fallback` when not given. */
export function choiceOption<Choice extends string>(parsed: ParsedArguments, name: string, choices: readonly Choice[], fallback: Choice): Choice {
  const text = stringOption(parsed, name);
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) throw new UsageError({ code: 'invalid_option', message: `--${name} ${text}: expected ${alternatives(choices)}` });
  return text as Choice;
}

/** A comma-separated list (blank items dropped), each checked against `choices` when given. */
export function listOption(parsed: ParsedArguments, name: string, choices?: readonly string[]): string[] {
  const items = (stringOption(parsed, name) ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
  for (const item of items) {
    if (choices && !choices.includes(item)) throw new UsageError({ code: 'invalid_option', message: `--${name}: '${item}' is not one of ${alternatives(choices)}` });
  }
  return items;
}
