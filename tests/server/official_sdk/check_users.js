// LeanCloud's official JavaScript SDK (leancloud-storage 4.15.2) against this server:
// users, authData, SMS, roles, follow, files. Needs APP_ID, APP_KEY, SERVER_URL, DATA_DIR;
// prints a JSON map of check name to "ok" or the failure.
const fs = require('fs');
const path = require('path');
const AV = require('leancloud-storage');

AV.init({ appId: process.env.APP_ID, appKey: process.env.APP_KEY, serverURL: process.env.SERVER_URL });
const run = Math.random().toString(16).slice(2, 10);
const results = {};
const state = {};

function assert(ok, message) { if (!ok) throw new Error(message || 'assertion failed'); }

function lastCode(phone) {
  const lines = fs.readFileSync(path.join(process.env.DATA_DIR, 'outbox.jsonl'), 'utf8')
    .split('\n').filter(Boolean).map(JSON.parse).filter(m => m.to === phone);
  return lines[lines.length - 1].code;
}

const checks = {
  async signUp() {
    const user = new AV.User();
    user.setUsername('alice' + run); user.setPassword('pw1'); user.setEmail(`a${run}@example.com`);
    await user.signUp();
    assert(user.id && user.getSessionToken(), 'no session');
    state.alice = user;
  },
  async logIn() {
    const user = await AV.User.logIn('alice' + run, 'pw1');
    assert(user.getSessionToken() === state.alice.getSessionToken(), 'token differs');
    assert(user.get('password') === undefined, 'password shown');
  },
  async wrongPassword210() {
    try { await AV.User.logIn('alice' + run, 'nope'); } catch (e) { assert(e.code === 210, e.code); return; }
    throw new Error('no error');
  },
  async become() {
    const user = await AV.User.become(state.alice.getSessionToken());
    assert(user.id === state.alice.id && await user.isAuthenticated(), 'become');
  },
  async saveOwnFields() {
    const user = AV.User.current();
    user.set('nick', 'al'); await user.save();
    const fetched = await new AV.Query(AV.User).get(user.id);
    assert(fetched.get('nick') === 'al', 'nick');
  },
  async updatePassword() {
    const user = AV.User.current();
    await user.updatePassword('pw1', 'pw2');
    await AV.User.logIn('alice' + run, 'pw2');
  },
  async refreshSessionToken() {
    const user = AV.User.current(); const old = user.getSessionToken();
    await user.refreshSessionToken();
    assert(user.getSessionToken() !== old, 'same token');
    state.alice = user;
  },
  async authData() {
    const user = await AV.User.loginWithAuthData({ openid: 'o' + run, access_token: 't', expires_in: 7200 }, 'weixin');
    assert(user.id && user.getSessionToken(), 'authData login');
    const again = await AV.User.loginWithAuthData({ openid: 'o' + run, access_token: 't2', expires_in: 7200 }, 'weixin');
    assert(again.id === user.id, 'same user');
    await again.associateWithAuthData({ uid: 'q' + run, access_token: 'x' }, 'qq');
    await again.dissociateAuthData('qq');
    const me = await AV.User.become(again.getSessionToken());
    assert(!(me.get('authData') || {}).qq, 'qq still linked');
  },
  async anonymous() {
    const user = await AV.User.loginAnonymously();
    assert(user.id && user.isAnonymous(), 'anonymous');
  },
  async smsSignUpAndLogin() {
    const phone = '+86139' + String(Date.now()).slice(-8);
    await AV.Cloud.requestSmsCode(phone);
    const user = await AV.User.signUpOrlogInWithMobilePhone(phone, lastCode(phone));
    assert(user.id && user.get('mobilePhoneVerified') === true, 'phone user');
    await AV.User.requestLoginSmsCode(phone);
    const again = await AV.User.logInWithMobilePhoneSmsCode(phone, lastCode(phone));
    assert(again.id === user.id, 'sms login');
    await AV.User.requestPasswordResetBySmsCode(phone);
    await AV.User.resetPasswordBySmsCode(lastCode(phone), 'new-pw');
    const byPassword = await AV.User.logInWithMobilePhone(phone, 'new-pw');
    assert(byPassword.id === user.id, 'phone password login');
  },
  async phoneVerifyAndChange() {
    const phone = '+86137' + String(Date.now()).slice(-8);
    const user = new AV.User();
    user.setUsername('carol' + run); user.setPassword('pw'); user.setMobilePhoneNumber(phone);
    await user.signUp();
    await AV.User.requestMobilePhoneVerify(phone);
    await AV.User.verifyMobilePhone(lastCode(phone));
    await user.fetch();
    assert(user.get('mobilePhoneVerified') === true, 'verified');
    const next = '+86136' + String(Date.now()).slice(-8);
    await AV.User.requestChangePhoneNumber(next);
    await AV.User.changePhoneNumber(next, lastCode(next));
    await user.fetch();
    assert(user.getMobilePhoneNumber() === next, 'changed');
    await AV.Cloud.requestSmsCode(next);
    await AV.Cloud.verifySmsCode(lastCode(next), next);
  },
  async emailRequests() {
    await AV.User.requestEmailVerify(`a${run}@example.com`);
    await AV.User.requestPasswordReset(`a${run}@example.com`);
  },
  async roles() {
    const alice = await AV.User.logIn('alice' + run, 'pw2');
    const acl = new AV.ACL(); acl.setPublicReadAccess(true);
    const role = new AV.Role('Admins' + run, acl);
    role.getUsers().add(alice);
    await role.save();
    const secret = new AV.Object('Secret'); const sacl = new AV.ACL();
    sacl.setRoleReadAccess(role, true); secret.setACL(sacl); secret.set('v', 1);
    await secret.save(null, { useMasterKey: false });
    const got = await new AV.Query('Secret').get(secret.id);
    assert(got.get('v') === 1, 'role read');
    const roles = await alice.getRoles();
    assert(roles.map(r => r.getName()).includes('Admins' + run), 'getRoles');
  },
  async follow() {
    const bob = new AV.User(); bob.setUsername('bob' + run); bob.setPassword('pw'); await bob.signUp();
    const alice = await AV.User.logIn('alice' + run, 'pw2');
    await alice.follow(bob.id);
    const followers = await AV.User.followerQuery(bob.id).find();
    assert(followers.length === 1 && followers[0].id === alice.id, 'followers');
    const followees = await AV.User.followeeQuery(alice.id).find();
    assert(followees.length === 1 && followees[0].id === bob.id, 'followees');
    const both = await alice.getFollowersAndFollowees();
    assert(both.followees.length === 1 && both.followees[0].id === bob.id, 'both');
    await alice.unfollow(bob.id);
    assert((await AV.User.followerQuery(bob.id).find()).length === 0, 'unfollow');
  },
  async files() {
    const file = new AV.File('hello' + run + '.txt', Buffer.from('hello world'));
    await file.save();
    assert(file.id && file.url(), 'saved');
    const body = await fetchText(file.url());
    assert(body === 'hello world', 'served ' + body);
    const fetched = await AV.File.createWithoutData(file.id).fetch();
    assert(fetched.get('url') === file.url(), 'fetch');
    await file.destroy();
  },
  async externalFile() {
    const file = AV.File.withURL('remote' + run + '.png', 'https://example.com/x.png');
    await file.save();
    assert(file.id && file.url() === 'https://example.com/x.png', 'external');
  },
};

function fetchText(url) {
  return new Promise((resolve, reject) => {
    require('http').get(url, res => {
      let data = ''; res.on('data', c => { data += c; }); res.on('end', () => resolve(data));
    }).on('error', reject);
  });
}

(async () => {
  for (const [name, fn] of Object.entries(checks)) {
    try { await fn(); results[name] = 'ok'; } catch (e) { results[name] = `FAIL ${e.code || ''} ${e.message}`; }
  }
  console.log(JSON.stringify(results, null, 1));
})();
