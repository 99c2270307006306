// Test-only: a realistic ~5,000-element page (navigation, search, articles,
// a newsletter form, a login form and one backup-code form) for the speed budget.
export function bigPageHtml(): string {
  const nav = Array.from(
    { length: 60 },
    (_, i) => `<li><a href="/n${i}">Section ${i}</a></li>`,
  ).join('');
  const article = (i: number) =>
    `<section class="card" id="s${i}"><h2>Topic ${i}</h2><p>Some <b>text</b> about topic ${i}, with a <a href="#">link</a>.</p>` +
    `<ul>${Array.from({ length: 12 }, (_, j) => `<li><span class="n">${j}</span> <a href="#">item ${j}</a></li>`).join('')}</ul>` +
    `<div class="meta"><span>by someone</span><time>2024</time><button type="button">Share</button></div></section>`;
  const articles = Array.from({ length: 110 }, (_, i) => article(i)).join('');
  return `<!doctype html><html lang="en"><head><title>Big page</title></head><body>
<header><nav><ul>${nav}</ul></nav><form role="search"><input type="text" name="q" placeholder="Search"></form></header>
<main>${articles}
<form class="login"><label>Username <input name="login" autocomplete="username"></label>
<label>Password <input type="password" name="password" autocomplete="current-password"></label></form>
<form class="backup"><h2>Use a backup code</h2><p>Enter one of your backup codes.</p>
<label for="bc">Backup code</label><input id="bc" name="backup_code" autocomplete="one-time-code"></form>
</main>
<footer><form><label>Newsletter <input type="text" name="newsletter_email" placeholder="you@example.com"></label></form></footer>
</body></html>`;
}
