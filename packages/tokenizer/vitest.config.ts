import { definePackageTests } from '../../tooling/vitest-preset';

export default definePackageTests();
