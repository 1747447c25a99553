// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderMarkdownHtml } from './render';

const html = (text: string, mode: 'post' | 'short' = 'post') => renderMarkdownHtml(text, mode);

/** Every element and attribute in the output, to prove nothing outside the subset got through. */
function elements(out: string): Element[] {
  const box = document.createElement('div');
  box.innerHTML = out;
  return [...box.querySelectorAll('*')];
}
const ALLOWED = new Set(
  'p br strong em s code pre blockquote ul ol li a h1 h2 h3 h4 h5 h6'.split(' '),
);

describe('the Markdown subset', () => {
  it.each([
    [
      '**bold** and *italic* and _also_',
      '<p><strong>bold</strong> and <em>italic</em> and <em>also</em></p>',
    ],
    ['~~gone~~', '<p><s>gone</s></p>'],
    ['use `npm i`', '<p>use <code>npm i</code></p>'],
    ['```\nlet a = 1 < 2;\n```', '<pre><code>let a = 1 &lt; 2;\n</code></pre>'],
    ['> quoted', '<blockquote>\n<p>quoted</p>\n</blockquote>'],
    ['- one\n- two', '<ul>\n<li>one</li>\n<li>two</li>\n</ul>'],
    ['1. one\n2. two', '<ol>\n<li>one</li>\n<li>two</li>\n</ol>'],
    ['# Title', '<h1>Title</h1>'],
    ['line one\nline two', '<p>line one<br>\nline two</p>'],
    ['para one\n\npara two', '<p>para one</p>\n<p>para two</p>'],
  ])('%j', (text, expected) => {
    expect(html(text).trim()).toBe(expected);
  });

  it('keeps headings out of comments and messages', () => {
    expect(html('# not a title', 'short').trim()).toBe('<p># not a title</p>');
  });

  it('leaves tables, images and rules as text', () => {
    const out = html('![x](https://example.com/a.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---');
    expect(out).not.toMatch(/<img|<table|<hr/);
  });

  it('links: http(s) and mailto only, opened safely', () => {
    const out = html('[site](https://example.com) [mail](mailto:ana@example.com)');
    expect(out).toContain(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">site</a>',
    );
    expect(out).toContain(
      '<a href="mailto:ana@example.com" target="_blank" rel="noopener noreferrer nofollow">mail</a>',
    );
  });

  it('links bare http(s) URLs as before, without trailing punctuation or an unmatched bracket', () => {
    const out = html(
      'see https://example.com/a?b=1#c. (and https://en.wikipedia.org/wiki/Foo_(bar))',
    );
    expect(out).toContain('href="https://example.com/a?b=1#c"');
    expect(out).toContain('href="https://en.wikipedia.org/wiki/Foo_(bar)"');
    expect(out).toContain('</a>.');
    expect(out).toContain('</a>)');
  });

  it('never links to a host disguised behind credentials', () => {
    const out = html('[bank](https://bank.example@evil.example/) https://a:b@evil.example/');
    for (const el of elements(out)) expect(el.getAttribute('href') ?? '').not.toContain('evil');
  });

  it('does not link hosts without a scheme, nor e-mail addresses', () => {
    expect(html('example.com ana@example.com')).not.toContain('<a');
  });
});

describe('XSS attempts stay text', () => {
  const attempts = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<div onmouseover="alert(1)">hover</div>',
    '<svg/onload=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](javascript&#58;alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](vbscript:msgbox(1))',
    '[x](file:///etc/passwd)',
    '[x](/api/logout)',
    '[x](//evil.example)',
    '[x](https://bank.example@evil.example/login)',
    '[x]( javascript:alert(1) )',
    '<javascript:alert(1)>',
    '<https://ok.example" onclick="alert(1)>',
    '[x](https://ok.example "title\\" onclick=\\"alert(1)")',
    '[[x](javascript:alert(1))](https://ok.example)',
    '[a [b [c](javascript:alert(1))]]',
    '[![x](https://ok.example/a.png)](javascript:alert(1))',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '&#60;img src=x onerror=alert(1)&#62;',
    '`<script>alert(1)</script>`',
    '```html\n<script>alert(1)</script>\n```',
    '> <img src=x onerror=alert(1)>',
    '**<b onclick=alert(1)>x</b>**',
    '[x](https://ok.example)<style>body{display:none}</style>',
  ];

  it.each(attempts)('%j', (text) => {
    const out = html(text);
    for (const el of elements(out)) {
      expect(ALLOWED.has(el.tagName.toLowerCase()), el.outerHTML).toBe(true);
      for (const attr of [...el.attributes]) {
        expect(['href', 'target', 'rel'], el.outerHTML).toContain(attr.name);
      }
      const href = el.getAttribute('href');
      if (href !== null) expect(href).toMatch(/^(https?:\/\/[^/]|mailto:)/);
    }
    // Typed markup shows as escaped text; no tag outside the subset is ever emitted.
    expect(out).not.toMatch(/<(script|img|svg|iframe|div|style|b)[\s>/]/i);
  });

  it('shows raw HTML as the text that was typed', () => {
    expect(html('<b>hi</b>').trim()).toBe('<p>&lt;b&gt;hi&lt;/b&gt;</p>');
  });

  it('shows an entity as its character, never as markup', () => {
    expect(html('&lt;b&gt; &amp; &copy;').trim()).toBe('<p>&lt;b&gt; &amp; ©</p>');
  });
});

describe('mentions in rendered text', () => {
  const classes = (text: string, me: string) => {
    const box = document.createElement('div');
    box.append(renderMarkdown(text, 'short', me));
    return [...box.querySelectorAll('.mention')].map((s) => `${s.className}:${s.textContent}`);
  };

  it('marks mentions, and mine apart, case-blind', () => {
    expect(classes('hi @Mira and @bob.', 'mira')).toEqual(['mention me:@Mira', 'mention:@bob']);
  });

  it('leaves code and links alone', () => {
    expect(classes('`@mira` [@mira](https://x.example)', 'mira')).toEqual([]);
  });

  it('never turns a mention into markup', () => {
    const box = document.createElement('div');
    box.append(renderMarkdown('@mira<img src=x onerror=alert(1)>', 'short', 'mira'));
    expect(box.querySelector('img')).toBeNull();
  });
});
