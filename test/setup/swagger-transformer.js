// ts-jest wants an AST transformer module with name, version and factory: this
// wraps the @nestjs/swagger plugin with the same options as scripts/build.js, so
// DTO properties reach /docs-json in the e2e suites exactly as in the build.
'use strict';
const plugin = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 1;
module.exports.factory = (compiler) =>
  plugin.before({ introspectComments: true, dtoFileNameSuffix: ['.dto.ts'] }, compiler.program);
