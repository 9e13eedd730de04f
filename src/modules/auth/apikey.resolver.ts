import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { ApiKey as ApiKeyRow } from '../../generated/prisma/client.js';
import { toGlobalId } from '../../ids.js';
import { PageArgs } from '../../pagination.js';
import { CreateApiKeyInput } from './apikey.inputs.js';
import { ApiKey, ApiKeyConnection, CreatedApiKey } from './apikey.type.js';

type PublicKey = Omit<ApiKeyRow, 'keyHash'>;

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized('ADMIN')
  @Query(() => ApiKeyConnection, { description: 'Every API key, oldest first, revoked ones included. ADMIN only.' })
  async apiKeys(@Ctx() { services, actor }: Context, @Args(() => PageArgs) page: PageArgs): Promise<ApiKeyConnection> {
    return new ApiKeyConnection(await services.apiKeys.list(actor, page));
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatedApiKey, { description: 'Creates a key and returns its secret, once. ADMIN only.' })
  createApiKey(
    @Ctx() { services, actor }: Context,
    @Arg('input', () => CreateApiKeyInput, { description: 'Who the key is for and what it may do.' }) input: CreateApiKeyInput,
  ) {
    return services.apiKeys.create(actor, input);
  }

  @Authorized('ADMIN')
  @Mutation(() => ApiKey, { description: 'Revokes a key: it is refused from the next request on. ADMIN only.' })
  revokeApiKey(@Ctx() { services, actor }: Context, @Arg('id', () => ID, { description: 'The key to revoke.' }) id: string) {
    return services.apiKeys.revoke(actor, id);
  }

  @FieldResolver(() => ID)
  id(@Root() key: PublicKey): string {
    return toGlobalId('ApiKey', key.id);
  }
}
