/**
 * A notification's sentence in parts, so the view can make who and what stand out ("**jonas**
 * commented on your post “**Why is the sky blue?**”") while the words between stay plain.
 *
 * The server writes the sentence once (server/services/notifications.service.ts): it starts
 * with the actor's nickname and quotes the post's title in “…”, before any other words ("… in
 * Music, Science"). Titles may hold quotes of their own, nicknames and category names never do,
 * so the title runs from the first “ after the nickname to the last ”. A sentence of another
 * shape stays plain text.
 */
export interface TextPart {
  text: string;
  strong: boolean;
}

export function notificationParts(n: { text: string; actor: { nickname: string } }): TextPart[] {
  const parts: TextPart[] = [];
  let rest = n.text;
  if (n.actor.nickname && rest.startsWith(n.actor.nickname)) {
    parts.push({ text: n.actor.nickname, strong: true });
    rest = rest.slice(n.actor.nickname.length);
  }
  const open = rest.indexOf('“');
  const close = rest.lastIndexOf('”');
  if (open >= 0 && close > open + 1) {
    parts.push(
      { text: rest.slice(0, open + 1), strong: false },
      { text: rest.slice(open + 1, close), strong: true },
      { text: rest.slice(close), strong: false },
    );
  } else {
    parts.push({ text: rest, strong: false });
  }
  return parts.filter((p) => p.text !== '');
}
