import { createHash } from 'node:crypto';
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';

/**
 * A construct that groups resources for reading (API, queues, scheduling, SES, alarms) and takes no
 * part in their CloudFormation logical ids. The service stack was one flat constructor when it was
 * first deployed; a logical id that changes makes CloudFormation replace the resource: queues lose
 * their messages, the e-mail alarm subscription must be confirmed again, and resources with fixed
 * names (the schedule group, the close function) fail to replace at all. Stacks that contain groups
 * allocate ids with `logicalIdWithoutGroups`.
 */
export class ResourceGroup extends Construct {}

/**
 * The logical id CDK gives an element, computed from its path with the groups left out. Same scheme as
 * CDK's own (aws-cdk-lib core, private/uniqueid.ts, which is not exported): path components without
 * `Default`; one component is the id itself; otherwise the components joined, deduplicated and
 * without `Resource`, followed by the first 8 hex digits of the MD5 of the path. CDK cannot change
 * this scheme without replacing every resource of every stack; test/infra/logical-ids.test.ts checks
 * that every id deployed before the split is still there.
 */
export function logicalIdWithoutGroups(stack: Stack, element: CfnElement): string {
  const scopes: IConstruct[] = element.node.scopes;
  return uniqueId(withoutGroups(scopes.slice(scopes.indexOf(stack) + 1)));
}

/**
 * `Names.nodeUniqueId` with the groups left out: CDK builds some logical ids from another construct's
 * unique id (an SQS event source mapping from its queue's), and those must not move either.
 */
export function nodeUniqueIdWithoutGroups(construct: IConstruct): string {
  return uniqueId(withoutGroups(construct.node.scopes.slice(1)));
}

function withoutGroups(scopes: IConstruct[]): string[] {
  return scopes.filter((scope) => !(scope instanceof ResourceGroup)).map((scope) => scope.node.id);
}

function uniqueId(path: string[]): string {
  const components = path.filter((id) => id !== 'Default');
  const alphanumeric = (id: string) => id.replace(/[^A-Za-z0-9]/g, '');
  const [only] = components;
  if (components.length === 1 && only !== undefined && alphanumeric(only).length <= 255) return alphanumeric(only);
  const hash = createHash('md5').update(components.join('/')).digest('hex').slice(0, 8).toUpperCase();
  const human: string[] = [];
  for (const component of components) {
    if (human.length === 0 || !(human.at(-1) ?? '').endsWith(component)) human.push(component);
  }
  return (
    human
      .filter((id) => id !== 'Resource')
      .map(alphanumeric)
      .join('')
      .slice(0, 240) + hash
  );
}
