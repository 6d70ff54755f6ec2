import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { UsageService } from '../../services/usage-service.ts';
import { isAdmin, userIdOf } from '../current-user.ts';
import { errorResponse, usageQuery, usageResponse } from '../schemas.ts';

export const usageRoutes: FastifyPluginAsyncZod<{ usage: UsageService }> = async (server, { usage }) => {
  server.get(
    '/api/usage',
    {
      schema: {
        tags: ['usage'],
        summary: 'Estimated spend by user, model and month (everyone for administrators, otherwise your own)',
        querystring: usageQuery,
        response: { 200: usageResponse, 400: errorResponse },
      },
    },
    async (request) => {
      const report = await usage.report({
        ...(!isAdmin(request) && { userId: userIdOf(request) }),
        ...(request.query.month && { month: request.query.month }),
      });
      return {
        rows: report.rows.map((row) => ({
          user_id: row.userId,
          model: row.model,
          month: row.month,
          jobs: row.jobs,
          estimated_cost_usd: row.estimatedCostUsd,
        })),
        total_usd: report.totalUsd,
        monthly_budget_usd: report.monthlyBudgetUsd,
        this_month_usd: report.thisMonthUsd,
      };
    },
  );
};
