import { describe, expect, it } from 'vitest';
import { normalizationRuleNames, precompiledCharsmap, precompiledCharsmapsRuntime, type PrecompiledRuleName } from '../src/index.js';
import { compileRuleSetCharsmap, currentUnicodeRuntime, ruleSetBuilders } from '../src/normalizer/precompiled-charsmaps-generator.js';

// The trainer writes charsmaps our builder precompiled at development time
// (src/normalizer/precompiled-charsmaps.generated.ts, as spm ships its charsmaps inside its
// binary). This rebuilds every rule set with the builder and fails when a committed blob is not
// byte-identical: run `pnpm --filter @oellm/tokenizer build:charsmaps`.
const precompiledRuleNames = normalizationRuleNames.filter((name): name is PrecompiledRuleName => name !== 'identity');

function staleMessage(name: string): string {
  const here = currentUnicodeRuntime();
  const generated = precompiledCharsmapsRuntime;
  const runtimeNote =
    here.node !== generated.node || here.icu !== generated.icu || here.unicode !== generated.unicode
      ? ` Note: the committed charsmaps were generated on Node ${generated.node} (ICU ${generated.icu}, Unicode ${generated.unicode}) but this is Node ${here.node} (ICU ${here.icu}, Unicode ${here.unicode}); the rules come from Node's Unicode data (String.prototype.normalize), so a different ICU changes them: regenerate on the Node major CI uses (20) and commit the result.`
      : '';
  return `the precompiled ${name} charsmap is stale: run \`pnpm --filter @oellm/tokenizer build:charsmaps\`.${runtimeNote}`;
}

describe('the committed precompiled charsmaps', () => {
  it('cover every rule name that has rules', () => {
    expect(Object.keys(ruleSetBuilders).sort()).toEqual([...precompiledRuleNames].sort());
    expect(precompiledCharsmap('identity')).toEqual(new Uint8Array(0));
  });

  for (const name of precompiledRuleNames) {
    it(`hold exactly what the builder compiles for ${name} (else run \`pnpm --filter @oellm/tokenizer build:charsmaps\`)`, () => {
      const built = compileRuleSetCharsmap(name);
      const committed = precompiledCharsmap(name);
      // A boolean, so a failure prints the message rather than a diff of a quarter megabyte.
      const same = committed.length === built.length && Buffer.from(committed).equals(Buffer.from(built));
      expect(same, staleMessage(name)).toBe(true);
    }, 60_000);
  }
});
