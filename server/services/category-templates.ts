import type { CategoryTemplate } from '../../common/api';
import { CATEGORY_TEMPLATE_SETS as SETS } from '../../common/category-templates';
import type { NewCategory } from '../store/categories.store';

/**
 * The categories a new forum starts from (setup's `template`): the sets live in common/, so
 * the setup screen shows exactly what each template gives.
 */
export const CATEGORY_TEMPLATE_SETS: Record<CategoryTemplate, readonly NewCategory[]> = SETS;
