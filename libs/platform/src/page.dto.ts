import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * `?page=&pageSize=` of every paged list (400 problem+json naming the field on a bad value; a list's other
 * parameters extend it). The answer is a `Page<T>`: `{ items, total, page, pageSize }` (docs/CONVENTIONS.md).
 */
export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be an integer' })
  @Min(1, { message: 'page must be at least 1' })
  page?: number;

  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be an integer' })
  @Min(1, { message: `pageSize must be between 1 and ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `pageSize must be between 1 and ${MAX_PAGE_SIZE}` })
  pageSize?: number;
}

/** The page asked for, with the defaults. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** The answer of every paged list. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The page asked for, with the list's default page size (DEFAULT_PAGE_SIZE unless the list says otherwise). */
export const pageRequest = (q: PageQueryDto, defaultPageSize = DEFAULT_PAGE_SIZE): PageRequest => ({ page: q.page ?? 1, pageSize: q.pageSize ?? defaultPageSize });
