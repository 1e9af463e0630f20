import type { DocumentStageV1 } from '@oellm/core';
import type { LanguageIdOptions } from '../stages/language-id.js';
import type { PiiMaskingOptions } from '../stages/pii-masking.js';
import type { QualityFilterOptions } from '../stages/quality-filter.js';

/**
 * How to build a stateless stage again on a worker thread: the factory and its options
 * (plain data, structured-cloneable). Stages without a recipe run on the main thread.
 *
 * @example
 * ```ts
 * import type { StageRecipe } from '@oellm/dataset';
 * const recipe: StageRecipe = { kind: 'pii-masking', options: { email: '<EMAIL>' } };
 * ```
 */
export type StageRecipe =
  | { kind: 'quality-filter'; options: QualityFilterOptions }
  | { kind: 'pii-masking'; options: PiiMaskingOptions }
  | { kind: 'language-id'; options: LanguageIdOptions };

const recipes = new WeakMap<DocumentStageV1, StageRecipe>();

/**
 * Records that `stage` is stateless and can be rebuilt from `recipe` on another thread.
 *
 * @example
 * ```ts
 * import { withStageRecipe } from '@oellm/dataset';
 * const stage = withStageRecipe(makeStage(options), { kind: 'pii-masking', options });
 * ```
 */
export function withStageRecipe<Stage extends DocumentStageV1>(stage: Stage, recipe: StageRecipe): Stage {
  recipes.set(stage, recipe);
  return stage;
}

/**
 * The recipe of a stage made by one of this package's stateless stage factories, if any.
 *
 * @example
 * ```ts
 * import { createPiiMaskingStage, stageRecipeOf } from '@oellm/dataset';
 * stageRecipeOf(createPiiMaskingStage()); // { kind: 'pii-masking', options: {} }
 * ```
 */
export function stageRecipeOf(stage: DocumentStageV1): StageRecipe | undefined {
  return recipes.get(stage);
}
