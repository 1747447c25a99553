import type { CategoryTemplate } from '@common/api';

/** How the setup screen presents each category template (the categories come from common/). */
export const TEMPLATE_CARDS: { id: CategoryTemplate; title: string; blurb: string }[] = [
  { id: 'club', title: 'Club', blurb: 'Events, members and ideas for a club or society.' },
  { id: 'office', title: 'Office', blurb: 'Projects, IT help and social life at work.' },
  { id: 'classroom', title: 'Classroom', blurb: 'Homework, questions and resources for a class.' },
  { id: 'lan-party', title: 'LAN party', blurb: 'Games, teams and hardware for the night.' },
  { id: 'general', title: 'General', blurb: 'Hearth’s all-round topics, from music to science.' },
  { id: 'empty', title: 'Start empty', blurb: 'No categories yet: create your own in Settings.' },
];
