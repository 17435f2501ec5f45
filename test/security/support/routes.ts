/**
 * Every HTTP route of a running service, from the Nest route metadata (controller and handler paths,
 * HTTP method, and the metadata the platform's guards and interceptors read): shared by the
 * authorization matrix and the HTTP command contract suites.
 */
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC, JURISDICTION_SOURCE, type JurisdictionSource, ROLES_KEY, type Role } from '@sa/auth';
import { COMMAND_ROUTE, type CommandRouteOptions } from '@sa/platform';
import { STORE_WIDE } from '../../../services/audit/src/http/audit.controller';
import type { RunningService } from './services';

export interface RouteInfo {
  method: string;
  path: string;
  roles: Role[] | undefined;
  isPublic: boolean;
  jurisdiction: JurisdictionSource | undefined;
  /** Audit's store-wide operations (provincial auditor only). */
  storeWide: boolean;
  /** `@CommandRoute` options when the route is on the platform's command contract. */
  command: CommandRouteOptions | undefined;
}


function joinPath(...parts: string[]): string {
  const p = parts
    .map((x) => x.replace(/^\/+|\/+$/g, ''))
    .filter((x) => x.length > 0)
    .join('/');
  return `/${p}`;
}

/** Every HTTP route of the application, from the controllers' metadata (what the router and the AuthGuard read). */
export function routesOf(svc: RunningService): RouteInfo[] {
  const scanner = new MetadataScanner();
  const out: RouteInfo[] = [];
  const seen = new Set<string>();
  for (const module of svc.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!controller || typeof controller !== 'function') continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (paths === undefined || method === undefined) continue;
        const pick = <T>(key: string): T | undefined => (Reflect.getMetadata(key, handler) as T | undefined) ?? (Reflect.getMetadata(key, controller) as T | undefined);
        for (const b of base) {
          for (const p of ([] as string[]).concat(paths)) {
            const path = joinPath(b, p);
            const key = `${RequestMethod[method]} ${path}`;
            if (seen.has(key)) continue;
            seen.add(key);
            out.push({
              method: RequestMethod[method].toLowerCase(),
              path,
              roles: pick<Role[]>(ROLES_KEY),
              isPublic: pick<boolean>(IS_PUBLIC) === true,
              jurisdiction: pick<JurisdictionSource>(JURISDICTION_SOURCE),
              storeWide: pick<boolean>(STORE_WIDE) === true,
              command: pick<CommandRouteOptions>(COMMAND_ROUTE),
            });
          }
        }
      }
    }
  }
  return out;
}
