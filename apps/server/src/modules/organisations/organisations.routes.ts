import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { organisationPolicy as policy } from './organisations.policy.ts';
import * as service from './organisations.service.ts';

const RegionLevel = Type.Union([
  Type.Literal('province'),
  Type.Literal('city'),
  Type.Literal('county'),
  Type.Literal('zone'),
]);
const Region = Type.Object({
  code: Type.String(),
  name: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  level: RegionLevel,
});
const Department = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
});
const RegionCode = Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 区划代码或功能区代码（6 位数字）' });
const departmentKinds = Object.keys(service.DEPARTMENT_KINDS) as service.DepartmentKind[];

export const organisationRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/regions',
    {
      config: { policy: policy.listRegions },
      schema: {
        tags: ['organisations'],
        summary: '区划树（含功能区） / Region tree with functional zones',
        response: { 200: Type.Object({ items: Type.Array(Region) }) },
      },
    },
    async () => ({ items: await service.listRegions(ctx) }),
  );

  app.post(
    '/api/regions',
    {
      config: { policy: policy.createRegion },
      schema: {
        tags: ['organisations'],
        summary: '新增区划或功能区 / Add a region or functional zone',
        body: Type.Object(
          {
            code: RegionCode,
            name: Type.String({ minLength: 1, maxLength: 64 }),
            parentCode: RegionCode,
            level: RegionLevel,
          },
          { additionalProperties: false },
        ),
        response: { 201: Region, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const region = await service.createRegion(ctx, request.actor!, auditContextOf(request), request.body);
      return reply.status(201).send(region);
    },
  );

  app.get(
    '/api/departments',
    {
      config: { policy: policy.listDepartments },
      schema: {
        tags: ['organisations'],
        summary: '部门列表（可按区划子树筛选） / Departments, optionally within a region subtree',
        querystring: Type.Object({ regionCode: Type.Optional(RegionCode) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Department) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => ({ items: await service.listDepartments(ctx, request.query.regionCode) }),
  );

  app.post(
    '/api/departments',
    {
      config: { policy: policy.createDepartment },
      schema: {
        tags: ['organisations'],
        summary: '新增部门 / Add a department',
        body: Type.Object(
          {
            code: Type.String({ pattern: '^[a-z][a-z0-9-]{1,31}$' }),
            name: Type.String({ minLength: 1, maxLength: 64 }),
            kind: Type.Enum(departmentKinds),
            regionCode: RegionCode,
          },
          { additionalProperties: false },
        ),
        response: { 201: Department, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const department = await service.createDepartment(ctx, request.actor!, auditContextOf(request), request.body);
      return reply.status(201).send(department);
    },
  );
};
