import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, Uuid } from '../../lib/schemas.ts';
import { filesPolicy as policy } from './files.policy.ts';
import * as service from './files.service.ts';

/** RFC 6266 / RFC 8187: an ASCII fallback name plus the UTF-8 name, percent-encoded. */
export function attachmentName(utf8Name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = utf8Name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(utf8Name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export const fileRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/project-materials/:id/file',
    {
      config: { policy: policy.download },
      schema: {
        tags: ['files'],
        summary: '下载项目材料文件 / Download a project material file',
        description: '项目单位（及其授权代办）和区划范围内的工作人员可下载；类型为上传时按内容识别的类型。',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Unknown({ description: 'the file' }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const file = await service.downloadProjectMaterial(ctx, request.actor!, request.params.id);
      return reply
        .type(file.mediaType)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', attachmentName(file.fileName))
        .send(file.content);
    },
  );
};
