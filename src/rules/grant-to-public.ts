import { defineRule } from './api/define-rule.js';
import { statementAndBody } from './support/statement-and-body.js';
import { asArray, nodeOf, type AstObject } from '../parse/sql/ast.js';

/**
 * PUBLIC is every role on the server, present and future, including roles created for other
 * applications and for reporting tools. A privilege granted to it cannot be taken back from one of
 * them without revoking it from all.
 */
export default defineRule({
  id: 'grant-to-public',
  summary: 'GRANT … TO PUBLIC gives a privilege to every role on the server, present and future',
  risk: 'safe',
  severity: 'error',
  category: 'safety',
  help: 'Grant to a role made for the purpose (GRANT SELECT ON … TO app_readonly) and grant that role to the users who need it.',
  checkStatement({ statement, report }) {
    // Inside a DO block or a function body too (EXECUTE 'GRANT … TO PUBLIC' included).
    for (const checked of statementAndBody(statement)) {
      const grant = grantOf(checked.kind, checked.ast);
      if (!grant || !grant.is_grant || !toPublic(grant)) continue;
      const privileges = privilegeNames(grant);
      const objects = checked.kind === 'AlterDefaultPrivilegesStmt' ? 'objects created from now on' : targetText(grant);
      report({
        ...(checked.location !== undefined ? { location: checked.location } : {}),
        message:
          `${checked.intro}This grants ${privileges} on ${objects} to PUBLIC, that is to every role on the server, including roles of other applications ` +
          'and every role created later, and none of them can be excluded without revoking it from all. ' +
          'Grant it to a dedicated role (for example app_readonly) and grant that role to the users who need it.',
      });
    }
  },
});

function grantOf(kind: string, ast: AstObject | undefined): AstObject | undefined {
  if (!ast) return undefined;
  if (kind === 'GrantStmt') return ast;
  if (kind === 'AlterDefaultPrivilegesStmt') return nodeOf({ GrantStmt: ast.action }, 'GrantStmt');
  if (kind === 'GrantRoleStmt') return { ...ast, grantees: ast.grantee_roles, privileges: ast.granted_roles, is_grant: ast.is_grant };
  return undefined;
}

function toPublic(grant: AstObject): boolean {
  return asArray(grant.grantees).some((grantee) => nodeOf(grantee, 'RoleSpec')?.roletype === 'ROLESPEC_PUBLIC');
}

function privilegeNames(grant: AstObject): string {
  const names = asArray(grant.privileges)
    .map((privilege) => nodeOf(privilege, 'AccessPriv')?.priv_name ?? nodeOf(privilege, 'RoleSpec')?.rolename)
    .filter((name): name is string => typeof name === 'string');
  return names.length > 0 ? names.map((name) => name.toUpperCase()).join(', ') : 'ALL PRIVILEGES';
}

function targetText(grant: AstObject): string {
  if (grant.targtype === 'ACL_TARGET_ALL_IN_SCHEMA') return 'every existing object of that kind in the schema';
  const kind = String(grant.objtype ?? 'OBJECT_TABLE')
    .replace(/^OBJECT_/, '')
    .toLowerCase()
    .replace(/_/g, ' ');
  return grant.objtype === undefined ? 'the roles' : `the ${kind}`;
}
