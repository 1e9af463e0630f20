// The one file a partner writes to prove its stage follows the contract.
import { describeDocumentStageConformance } from '@oellm/conformance/vitest';
import { createBoilerplateStage } from '../src/index.js';

describeDocumentStageConformance('drop-cookie-banners', () => createBoilerplateStage());
