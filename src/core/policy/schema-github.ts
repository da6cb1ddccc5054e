/**
 * The `github:` section of the policy's schema: how releases published to GitHub carry their
 * post-release steps. Llama Stack's "future improvements" ask for the post-release version bump
 * on the development branch to go through a pull request (reviewed, CI-tested) rather than a
 * direct push. Optional as a whole, so policies without it load and print as before.
 */
import { Type } from '@sinclair/typebox';

/** The `github:` section (the same in the `input` and `resolved` shapes: nothing to default). */
export const GitHubSchema = Type.Object(
  {
    postRelease: Type.Optional(
      Type.Union([Type.Literal('push'), Type.Literal('pull-request')], {
        description:
          'With release --push: the post-release commits on the development branch (the `.dev0` bump) are pushed to it (push, the default) or proposed as a pull request from trellis/post-release/<version> (pull-request).',
      }),
    ),
  },
  { additionalProperties: false, description: 'Publishing releases on GitHub.' },
);
