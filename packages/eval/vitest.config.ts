import { definePackageTests } from '../../tooling/vitest-preset.ts';

export default definePackageTests({ testTimeout: 120_000 });
