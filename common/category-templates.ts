/**
 * The category sets a new forum can start from (setup's `template`), shared by the server
 * (which writes them) and the setup screen (which shows what each one gives). `general` is
 * the set Hearth always shipped (db/migrations/001-initial.ts seeds it), without colours.
 */
import type { CategoryTemplate } from './api';

export interface TemplateCategory {
  name: string;
  /** '#rrggbb', or null for none. */
  color: string | null;
}

export const CATEGORY_TEMPLATE_SETS: Record<CategoryTemplate, readonly TemplateCategory[]> = {
  general: [
    'General',
    'Sport',
    'Music',
    'Movies',
    'Science',
    'Politics',
    'Culture',
    'Technology',
  ].map((name) => ({ name, color: null })),
  club: [
    { name: 'Announcements', color: '#dc2626' },
    { name: 'Events', color: '#2563eb' },
    { name: 'Members', color: '#16a34a' },
    { name: 'Ideas', color: '#ca8a04' },
    { name: 'Off-topic', color: '#6b7280' },
  ],
  office: [
    { name: 'Announcements', color: '#dc2626' },
    { name: 'Projects', color: '#2563eb' },
    { name: 'IT help', color: '#7c3aed' },
    { name: 'Lunch & social', color: '#16a34a' },
    { name: 'Off-topic', color: '#6b7280' },
  ],
  classroom: [
    { name: 'Announcements', color: '#dc2626' },
    { name: 'Homework', color: '#2563eb' },
    { name: 'Questions', color: '#ca8a04' },
    { name: 'Resources', color: '#16a34a' },
    { name: 'Off-topic', color: '#6b7280' },
  ],
  'lan-party': [
    { name: 'Announcements', color: '#dc2626' },
    { name: 'Games', color: '#7c3aed' },
    { name: 'Teams', color: '#2563eb' },
    { name: 'Hardware & network', color: '#0891b2' },
    { name: 'Food & drinks', color: '#16a34a' },
    { name: 'Off-topic', color: '#6b7280' },
  ],
  empty: [],
};
