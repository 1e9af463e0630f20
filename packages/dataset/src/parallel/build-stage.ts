import type { DocumentStageV1 } from '@oellm/core';
import { createLanguageIdStage } from '../stages/language-id.js';
import { createPiiMaskingStage } from '../stages/pii-masking.js';
import { createQualityFilterStage } from '../stages/quality-filter.js';
import type { StageRecipe } from './stage-recipes.js';

/**
 * Builds the stage a {@link StageRecipe} describes (on a worker thread: each loads its own model).
 *
 * @example
 * ```ts
 * import { stageFromRecipe } from '@oellm/dataset';
 * const stage = await stageFromRecipe({ kind: 'quality-filter', options: {} });
 * ```
 */
export async function stageFromRecipe(recipe: StageRecipe): Promise<DocumentStageV1> {
  if (recipe.kind === 'quality-filter') return createQualityFilterStage(recipe.options);
  if (recipe.kind === 'pii-masking') return createPiiMaskingStage(recipe.options);
  return createLanguageIdStage(recipe.options);
}
