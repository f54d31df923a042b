/**
 * The app's validated environment, parsed once at start-up and injected where needed:
 * `constructor(private readonly config: AppConfig<UsersEnv>)`. Nothing else reads process.env.
 */
export class AppConfig<T = Record<string, unknown>> {
  constructor(
    readonly service: string,
    readonly env: T,
  ) {}
}
