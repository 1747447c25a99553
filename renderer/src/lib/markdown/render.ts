/**
 * Markdown → sanitised DOM, for posts, comments and chat messages. Loaded lazily (with
 * markdown-it and DOMPurify) by `loader.svelte.ts`, so the first paint does not wait for it.
 *
 * Two independent fences, so a bug in one is not an XSS: markdown-it runs with raw HTML off
 * and a link check (http, https, mailto only), and DOMPurify then keeps only the tags and
 * attributes this subset can produce.
 */
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

type Md = ReturnType<typeof MarkdownIt>;
import { mentionSpans } from '@common/mentions';
import { isSafeHref } from './safe-href';

/** `post`: headings allowed. `short`: comments and messages (a `#` line stays text). */
export type MarkdownMode = 'post' | 'short';

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
];

function parser(mode: MarkdownMode): Md {
  const md = new MarkdownIt('default', {
    html: false,
    linkify: true,
    breaks: true,
    typographer: false,
  });
  // Outside the subset: tables, images (a remote image would leak a read to any host), rules.
  md.disable(['table', 'image', 'hr']);
  if (mode === 'short') md.disable(['heading', 'lheading']);
  // Only full http(s) URLs become links on their own, as before (no "example.com", no e-mails).
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  md.validateLink = isSafeHref;
  return md;
}

const parsers: Record<MarkdownMode, Md> = { post: parser('post'), short: parser('short') };

let hooked = false;
function purifier(): typeof DOMPurify {
  if (!hooked) {
    hooked = true;
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName !== 'A') return;
      const href = node.getAttribute('href');
      if (href === null || !isSafeHref(href)) {
        node.removeAttribute('href');
        return;
      }
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    });
  }
  return DOMPurify;
}

/** The HTML string (sanitised), for tests and anything that needs a string. */
export function renderMarkdownHtml(text: string, mode: MarkdownMode): string {
  return purifier().sanitize(parsers[mode].render(text), {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'target', 'rel'],
    ALLOW_DATA_ATTR: false,
  });
}

/**
 * A fragment to insert into the page: sanitised as a DOM, never parsed again as a string.
 * Mentions become `<span class="mention">` (`mention me` for `me`, the signed-in nickname).
 */
export function renderMarkdown(text: string, mode: MarkdownMode, me = ''): DocumentFragment {
  const fragment = purifier().sanitize(parsers[mode].render(text), {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'target', 'rel'],
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  markMentions(fragment, me.toLowerCase());
  return fragment;
}

/** Wraps mentions in text nodes (not in code or links) with spans built here, after sanitising. */
export function markMentions(root: DocumentFragment | Element, me: string): void {
  const doc = root.ownerDocument ?? document;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) =>
      n.parentElement?.closest('code, pre, a')
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  for (const node of nodes) {
    const spans = mentionSpans(node.data);
    for (const span of spans.reverse()) {
      const tail = node.splitText(span.start);
      tail.splitText(span.length);
      const el = doc.createElement('span');
      el.className = span.name.toLowerCase() === me && me !== '' ? 'mention me' : 'mention';
      el.textContent = tail.data;
      tail.replaceWith(el);
    }
  }
}
