import { App } from 'aws-cdk-lib';
import { deploymentSettings } from './deployment-settings.js';
import { buildRegistryApp } from './registry-app.js';

const app = new App();
buildRegistryApp(app, deploymentSettings(app));
