import { startApi } from '@monimmo/api/testing';
import type { TestProject } from 'vitest/node';

/** One real API for the web project's tests (each test signs up its own agency). */
export default async function setup(project: TestProject) {
  const api = await startApi();
  project.provide('apiUrl', api.baseUrl);
  return () => api.stop();
}
