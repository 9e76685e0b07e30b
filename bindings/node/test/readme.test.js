'use strict';
// The Node examples of the READMEs (bindings/node/README.md and the top README.md), run as
// written: each is the ```js block after a `<!-- node-example: ... -->` marker. It runs in a
// child with privilege (root, or root in a new user namespace), with `pid` a process in a new
// network namespace whose loopback is up, and `require('librns')` resolving to this package
// (its self-reference). runInNamespaces' os.networkInterfaces() must then list that
// namespace's interfaces, ['lo'], and not the caller's.

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { runChild, privilege, pkgDir } = require('./helpers');

const readmes = [path.join(pkgDir, 'README.md'), path.resolve(pkgDir, '../../README.md')];
const ip = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find((p) => fs.existsSync(p));

/** The ```js block after the node-example marker. */
function example(text) {
  const m = /<!-- node-example:[^>]*-->\n```js\n([\s\S]*?)\n```\n/.exec(text);
  return m && m[1];
}

for (const readme of readmes) {
  const name = path.relative(path.resolve(pkgDir, '../..'), readme);
  test(`the example of ${name} runs as written; runInNamespaces sees the target's interfaces`, (t) => {
    if (!fs.existsSync(readme)) return t.skip(`no ${readme} (package used outside the tree)`);
    const code = example(fs.readFileSync(readme, 'utf8'));
    assert.ok(code, `no node-example block in ${readme}`);
    assert.match(code, /runInNamespaces\(pid, rns\.CLONE_NEWNET, (\/\/[^\n]*\n\s*)?\(\) => Object\.keys\(os\.networkInterfaces\(\)\)\)/);
    assert.doesNotMatch(code.replace(/\/\/.*$/gm, ''), /\/sys\/class\/net|\/proc\/self\/net/); // in code, not comments
    const p = privilege({ userns: true });
    if (p.skip) return t.skip(p.skip);
    if (!ip) return t.skip('no ip(8) (iproute2) to bring the target\'s loopback up');
    const r = runChild(`
      const target = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'unshare', '--net', '--uts', 'sh', '-c',
        ${JSON.stringify(`${ip} link set lo up && echo up && exec sleep 30`)}], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((resolve, reject) => { target.stdout.once('data', resolve); target.once('exit', reject); });
      const pid = target.pid; // the sh, now sleep, in its own net namespace
      const own = Object.keys(os.networkInterfaces());
      try {
        await (async () => {
          // ---- the README's example, as written
${code}
          // ----
          out({ names, own });
        })();
      } finally { target.kill('SIGKILL'); }`, { prefix: [...p.prefix, '--net', '--uts'], cwd: pkgDir });
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    assert.deepStrictEqual(r.result.names, ['lo'], `own namespace had ${JSON.stringify(r.result.own)}`);
  });
}
