/**
 * A notification's sentence in parts, so the view can make who and what stand out ("**jonas**
 * commented on your post “**Why is the sky blue?**”") while the words between stay plain. The
 * server writes the sentence; it starts with the actor's nickname and quotes the post's title
 * in “…” (the last ” closes it, so a title with quotes of its own still comes out whole).
 * `postTitle`, when the server sends it, finds the title exactly.
 */
export interface TextPart {
  text: string;
  strong: boolean;
}

export function notificationParts(n: {
  text: string;
  actor: { nickname: string };
  postTitle?: string;
}): TextPart[] {
  const parts: TextPart[] = [];
  let rest = n.text;
  if (n.actor.nickname && rest.startsWith(n.actor.nickname)) {
    parts.push({ text: n.actor.nickname, strong: true });
    rest = rest.slice(n.actor.nickname.length);
  }
  let start = -1;
  let end = -1;
  if (n.postTitle) {
    const at = rest.indexOf(`“${n.postTitle}”`);
    if (at >= 0) [start, end] = [at + 1, at + 1 + n.postTitle.length];
  } else {
    const open = rest.indexOf('“');
    const close = rest.lastIndexOf('”');
    if (open >= 0 && close > open + 1) [start, end] = [open + 1, close];
  }
  if (start < 0) {
    parts.push({ text: rest, strong: false });
  } else {
    parts.push(
      { text: rest.slice(0, start), strong: false },
      { text: rest.slice(start, end), strong: true },
      { text: rest.slice(end), strong: false },
    );
  }
  return parts.filter((p) => p.text !== '');
}
