import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { RouteDefinition } from '../../shared/wiring/routes.js';
import { ResourceGroup } from './resource-group.js';

/** The HTTP API: throttled, with access logs that never hold a path; routes come from the route table. */
export class RegistryApi extends ResourceGroup {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: { rateLimit: number; burstLimit: number }) {
    super(scope, id);
    this.api = new HttpApi(this, 'HttpApi', { description: 'Subprocessor Registry', createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // The route key, never the path: objection paths carry the client's token.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            error: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
  }

  /** One route of the shared table on its function, plus HEAD where the table asks for it. */
  addRoute(route: RouteDefinition, fn: IFunction): void {
    const integration = new HttpLambdaIntegration(`${route.name}Integration`, fn);
    const methods = [HttpMethod[route.method], ...(route.alsoHead === true ? [HttpMethod.HEAD] : [])];
    this.api.addRoutes({ path: route.path, methods, integration });
  }

  /**
   * Whatever no route declares reaches `fn` through one greedy route (405 with Allow on a known path,
   * 404 elsewhere): a route with a method and a path always wins over `ANY /{proxy+}`. One route and
   * one permission, not two per path: the stack stays far under CloudFormation's 500 resources.
   */
  addMethodNotAllowed(fn: IFunction): void {
    const integration = new HttpLambdaIntegration('methodNotAllowedIntegration', fn);
    this.api.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration });
  }
}
