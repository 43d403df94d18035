// Billing routes: the toolkit's standard routes for customers and invoices, plus invoice lines and
// the invoice lifecycle (issue, pay, void).
import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, jsonBody, router } from '../../http/openapi.ts';
import { OrgParam } from '../../platform/organizations/schemas.ts';
import type { ModuleDeps } from '../types.ts';
import { changeLines, customerResource, invoiceResource, Line, LineInput, LinePatch, listLines, transitionInvoice } from './resources.ts';

const tags = ['billing: invoices'];
const InvoiceParams = OrgParam.extend({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const LineParams = InvoiceParams.extend({ lineId: z.uuid().openapi({ param: { name: 'lineId', in: 'path' } }) });
const refusals = { 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] };
const WithLines = z.object({ invoice: invoiceResource.spec.view, items: z.array(Line) });

const lines = createRoute({
  method: 'get', path: '/orgs/{org}/billing/invoices/{id}/lines', tags, summary: 'An invoice with its lines',
  request: { params: InvoiceParams },
  responses: { 200: json(WithLines, 'Invoice and lines'), ...refusals },
});
const addLine = createRoute({
  method: 'post', path: '/orgs/{org}/billing/invoices/{id}/lines', tags, summary: 'Add a line (DRAFT only); totals are recomputed',
  request: { params: InvoiceParams, body: jsonBody(LineInput) },
  responses: { 201: json(WithLines, 'Invoice and lines'), 400: errors[400], 415: errors[415], ...refusals },
});
const updateLine = createRoute({
  method: 'patch', path: '/orgs/{org}/billing/invoices/{id}/lines/{lineId}', tags, summary: 'Change a line (DRAFT only)',
  request: { params: LineParams, body: jsonBody(LinePatch) },
  responses: { 200: json(WithLines, 'Invoice and lines'), 400: errors[400], 415: errors[415], ...refusals },
});
const removeLine = createRoute({
  method: 'delete', path: '/orgs/{org}/billing/invoices/{id}/lines/{lineId}', tags, summary: 'Remove a line (DRAFT only)',
  request: { params: LineParams },
  responses: { 200: json(WithLines, 'Invoice and lines'), ...refusals },
});
const transition = (action: 'issue' | 'pay' | 'void', summary: string) =>
  createRoute({
    method: 'post', path: `/orgs/{org}/billing/invoices/{id}/${action}`, tags, summary,
    request: { params: InvoiceParams },
    responses: { 200: json(invoiceResource.spec.view, 'The invoice'), 422: errors[400], ...refusals },
  });

export function billingRoutes({ db }: ModuleDeps) {
  const r = router();
  customerResource.register(r, db);
  invoiceResource.register(r, db);
  r.openapi(lines, async (c) => c.json(await listLines(db, c.var.tenant, c.req.valid('param').id), 200))
    .openapi(addLine, async (c) => c.json(await changeLines(db, c.var.tenant, c.req.valid('param').id, { kind: 'add', input: c.req.valid('json') }), 201))
    .openapi(updateLine, async (c) => {
      const { id, lineId } = c.req.valid('param');
      return c.json(await changeLines(db, c.var.tenant, id, { kind: 'update', lineId, input: c.req.valid('json') }), 200);
    })
    .openapi(removeLine, async (c) => {
      const { id, lineId } = c.req.valid('param');
      return c.json(await changeLines(db, c.var.tenant, id, { kind: 'remove', lineId }), 200);
    });
  for (const [action, summary] of [
    ['issue', 'Issue a DRAFT invoice (needs at least one line)'],
    ['pay', 'Mark an ISSUED invoice paid'],
    ['void', 'Void a DRAFT or ISSUED invoice'],
  ] as const) {
    r.openapi(transition(action, summary), async (c) => c.json(await transitionInvoice(db, c.var.tenant, c.req.valid('param').id, action), 200));
  }
  return r;
}
