/** `text` with every character a RegExp reads specially escaped. */
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The source of `glob` from `start` up to (not including) a `stop` character outside braces: `[source, end]`. */
function translate(glob: string, start: number, stop: string): [string, number] {
  let source = "";
  let i = start;
  while (i < glob.length && !stop.includes(glob[i] as string)) {
    const c = glob[i] as string;
    if (c === "*") source += "[\\s\\S]*";
    else if (c === "?") source += "[\\s\\S]";
    else if (c === "\\" && i + 1 < glob.length) source += escapeRegExp(glob[++i] as string);
    else if (c === "[") {
      // note: `[abc]`, `[a-z]`, `[!abc]`; a `]` right after the opening (or its `!`) is one of the characters.
      let end = i + 1;
      if (glob[end] === "!" || glob[end] === "^") end++;
      if (glob[end] === "]") end++;
      while (end < glob.length && glob[end] !== "]") end++;
      if (end >= glob.length) source += "\\[";
      else {
        let body = glob.slice(i + 1, end);
        const negated = body[0] === "!" || body[0] === "^";
        if (negated) body = body.slice(1);
        source += `[${negated ? "^" : ""}${body.replace(/[\\\]^[]/g, "\\$&")}]`;
        i = end;
      }
    } else if (c === "{") {
      // note: `{a,b}` is a choice; without a closing `}` the brace is a plain character.
      const options: string[] = [];
      let at = i + 1;
      let closed = false;
      while (at <= glob.length) {
        const [option, end] = translate(glob, at, ",}");
        options.push(option);
        if (glob[end] === "}") {
          closed = true;
          at = end;
          break;
        }
        if (end >= glob.length) break;
        at = end + 1;
      }
      if (closed) {
        source += `(?:${options.join("|")})`;
        i = at;
      } else source += "\\{";
    } else source += escapeRegExp(c);
    i++;
  }
  return [source, i];
}

/**
 * A shell-style glob as a RegExp matching whole names: `*` any run of characters, `?` one character, `[abc]`,
 * `[a-z]` and `[!abc]` one of (or none of) a set, `{a,b}` a choice, `\` makes the next character plain. Artifact
 * names hold no path, so `*` crosses everything, `/` included.
 */
export function globToRegExp(glob: string): RegExp {
  const [source] = translate(glob, 0, "");
  return new RegExp(`^${source}$`);
}
