/** Tarantool-style series: Tarantool's "New release policy (RFC) #6182". */
export const tarantool = `# yaml-language-server: $schema=./node_modules/trellis-release/schema/trellis.schema.json
# Trellis policy for a Tarantool-style project (preset: series, from Tarantool).
# Source: "New release policy (RFC) #6182", version 8.post1: the Tarantool-style series.
# Every key: https://unpkg.com/trellis-release/docs/policy.md; check this file with: trellis policy check

project:
  name: tarantool

versioning:
  # Summary: "semver-like MAJOR.MINOR.PATCH format for releases and MAJOR.MINOR.PATCH-<pre-release
  # suffix> for pre-releases ... suffixes -alphaN, -betaN and -rcN".
  scheme: semver
  prerelease:
    # Version string meaning: alpha, then beta, then release candidate (rc10 after rc2).
    labels: [alpha, beta, rc]
    format: "-{label}{n}"
  # "Add annotated tag X.Y.Z": release tags have no v prefix.
  tag: "{version}"
  # Version naming: "3.1 identifies a feature set"; "A git branch tracks certain feature set
  # and so contains a major and a minor version: 3.0, 3.1 and so on".
  line: minor

branches:
  # Development flow: "The latest branch is always named master".
  main: master
  release:
    # tarantool/tarantool today keeps supported lines as release/X.Y (new branches get this
    # name) and renames end-of-life lines to archive/X.Y.
    - "release/{major}.{minor}"
    # "A git branch tracks certain feature set ... 3.0, 3.1": older lines were named X.Y.
    - "{major}.{minor}"
    - { template: "archive/{major}.{minor}", eol: true }
  # Per-change backport branches, as backport/release/X.Y/<change>.
  backport: "backport/{branch}/{sha}"

support:
  # Development flow: "we stop backporting to the X.Y branch when a first release of the
  # X.(Y+1) branch is published".
  untilNextMinor: true
  # Goals: "At least two years since a first release" for a release series (a major).
  majorMinimum: 2 years

backport:
  kinds:
    # Push a feature: "to X.Y branches according to agreements on which release series the
    # feature should appear" (given explicitly with --to, never automatic).
    feature: []
    # Push a bugfix: "to X.Y branches for all non-EOL release series (where the bug is
    # present)"; "A bugfix should be backported to all release series, where it is applicable".
    bugfix: [prerelease, full, bugfix]
    # Support: "we're fixing all known security problems".
    security: [prerelease, full, bugfix, security]
  origin: x
  conflicts: fail

release:
  sign: false
  # Publish alpha/beta/rc: "Add annotated tag X.Y.0-alphaN. List changes in the tag message
  # (since the previous tag)"; "Publish release: Add annotated tag X.Y.Z".
  tagMessage: changes
  # Create a new feature set: "Add a dummy commit to master. Set a tag X.(Y+1).0-entrypoint"; the
  # entrypoint tag "MUST NOT be reachable from the X.Y branch" so git describe stays right.
  # tarantool also sets patch entrypoints today (3.7.2-entrypoint on release/3.7 after 3.7.1):
  # {patch} reads both (a cut sets X.(Y+1).0-entrypoint).
  entrypoint: "{major}.{minor}.{patch}-entrypoint"
  # Delivery channels: "Release notes are stored on the GitHub releases page".
  changelog: false
  checklists:
    prerelease:
      items:
        - "alpha: functionality planned for the series is not fully implemented yet"
        - "beta: all functionality planned for the series is implemented"
        - "rc: no known degradations; premature functionality is not removed after an rc"
        - { text: "Annotated tag X.Y.Z-{alpha,beta,rc}N listing changes since the previous tag", check: tag-exists }
    patch:
      items:
        - "Bug fixes pushed to master and to every non-EOL X.Y branch where the bug is present"
        - { text: "Annotated tag X.Y.Z listing changes since the previous tag", check: tag-exists }
    minor:
      extends: patch
      items:
        - { text: "Branch X.Y forked from master; dummy commit and X.(Y+1).0-entrypoint tag on master", check: branch-exists }
        - "Stop publishing X.(Y-1).Z releases once X.Y.0 is out"
    major:
      extends: minor

flow:
  model: trunk
`;
