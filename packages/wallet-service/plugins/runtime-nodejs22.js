'use strict';
// Serverless Framework 3.40 predates AWS's nodejs22.x runtime and would warn that the configuration is
// invalid; Lambda and serverless-offline both run it. Adding the one value to the schema keeps
// `configValidationMode: error` strict for everything else.
class RuntimeNodejs22 {
  constructor(serverless) {
    const runtime = serverless.configSchemaHandler.schema.definitions.awsLambdaRuntime;
    if (runtime && Array.isArray(runtime.enum) && !runtime.enum.includes('nodejs22.x')) runtime.enum.push('nodejs22.x');
  }
}
module.exports = RuntimeNodejs22;
