import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideAccess, userIdOfClaims, type AccessPolicy } from './access-policy.ts';

const policy: AccessPolicy = {
  accessGroups: ['g-users'],
  accessRoles: ['Brandgen.User'],
  adminGroups: ['g-admins'],
  adminRoles: ['Brandgen.Admin'],
};

test('a group or an app role lets a person in; admin groups and roles make an admin', () => {
  assert.deepEqual(decideAccess(policy, { groups: ['g-other', 'g-users'] }), { kind: 'granted', isAdmin: false });
  assert.deepEqual(decideAccess(policy, { roles: ['Brandgen.User'] }), { kind: 'granted', isAdmin: false });
  assert.deepEqual(decideAccess(policy, { groups: ['g-admins'] }), { kind: 'granted', isAdmin: true });
  assert.deepEqual(decideAccess(policy, { roles: ['Brandgen.Admin'] }), { kind: 'granted', isAdmin: true });
  assert.deepEqual(decideAccess(policy, { groups: ['g-other'], roles: ['Other'] }), { kind: 'denied' });
  assert.deepEqual(decideAccess(policy, { groups: 'g-users' }), { kind: 'denied' }, 'a string is not a list of groups');
  assert.deepEqual(decideAccess(policy, {}), { kind: 'denied' });
});

test('the groups overage, in either form, asks the directory about the configured groups only', () => {
  const expected = { kind: 'ask_directory', groupIds: ['g-users', 'g-admins'], roles: [] };
  assert.deepEqual(decideAccess(policy, { _claim_names: { groups: 'src1' } }), expected);
  assert.deepEqual(decideAccess(policy, { hasgroups: true }), expected);
  assert.deepEqual(decideAccess({ ...policy, accessGroups: [], adminGroups: [] }, { hasgroups: true }), { kind: 'denied' });
});

test('the user id is the Entra object id when there is one, else the subject', () => {
  assert.equal(userIdOfClaims({ oid: 'o-1', sub: 's-1' }), 'o-1');
  assert.equal(userIdOfClaims({ sub: 's-1' }), 's-1');
  assert.equal(userIdOfClaims({}), undefined);
});
