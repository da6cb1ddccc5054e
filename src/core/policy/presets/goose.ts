/** Goose-style phases: the Goose release cycle (DuckDB-style). */
export const goose = `# yaml-language-server: $schema=./node_modules/trellis-release/schema/trellis.schema.json
# Trellis policy for a Goose/DuckDB-style release cycle (preset: codename-phases, from Goose).
# Source: "发布周期" (Goose release cycle and core extensions): the Goose-style phases.
# Every key: https://unpkg.com/trellis-release/docs/policy.md; check this file with: trellis policy check

project:
  name: goose

versioning:
  # Overview: "Goose follows Semantic Versioning (v<MAJOR>.<MINOR>.<PATCH>)".
  scheme: semver
  # "vx.y.z tag: the Goose stable release tag; once set it stays on the same commit".
  tag: "v{version}"
  line: minor

branches:
  # "main branch: the main branch, the summary branch".
  main: main
  # "vx.y-codename: the branch that produces vx.y.<n>".
  release: "v{major}.{minor}-{codename}"
  # Codenames of lines, used to name new branches, e.g. "1.5": mycodename. Codenames of
  # existing branches are read from their names.
  codenames: {}

support:
  # Overview: "Patch versions are released on demand for: The latest stable version; The current
  # Long Term Support (LTS) version".
  maintained: 1
  lts:
    # Terms: "Currently LTS releases will receive 1 year of support".
    duration: 1 year
    # Designate the LTS lines here, e.g. ["1.4"].
    lines: []

cadence:
  # Overview: "Minor versions are released about every 4 months". Patches are on demand.
  minor: 4 months

phases:
  # "The Goose main release cycle has 3 phases: Mid-cycle, Pre-release, Feature freeze".
  # The phase comes from the branches present (a vx.<y+1>-codename branch means pre-release),
  # from dated entries in schedule, or from 'current' when set. Mid-cycle "takes about 75% of
  # the cycle".
  schedule: []
  targets:
    # Phase 1 Mid-cycle: "Bug-fixes for vx.y.<z+n> patch releases are merged into
    # vx.y-codename"; "Features and bug-fixes for vx.<y+1>.0 are merged into main".
    mid-cycle: { feature: main, bugfix: current, security: current }
    # Phase 2 Pre-release: "Bug-fixes for vx.y.<z+1> patch releases are merged into
    # vx.y-codename"; "Features and bug-fixes for vx.<y+1>.0 are merged into vx.<y+1>-codename".
    pre-release: { feature: next, bugfix: current, security: current }
    # Phase 3 Feature freeze: "Bug-fixes for vx.y.<z+1> are no longer allowed, should target
    # vx.<y+1>.0 instead"; "Features for vx.<y+1>.0 are no longer allowed, should target
    # vx.<y+2>.0 instead".
    feature-freeze: { feature: main, bugfix: next, security: next }

backport:
  kinds:
    feature: []
    bugfix: [prerelease, full, bugfix]
    security: [prerelease, full, bugfix, security]
  # Mid-cycle: "Patches are merged into vx.y-codename first, then merged back into main
  # frequently" (merges, so backports are rare and found by reachability).
  origin: x

release:
  sign: false
  tagMessage: plain
  changelog: false
  checklists:
    patch:
      items:
        - "Patch fixes merged into vx.y-codename and vx.y-codename merged back into main"
        - "Multi-branch extensions: the extension vx.y-codename branch is the source of truth"
        - { text: "Tag vx.y.z on vx.y-codename", check: tag-exists }
    minor:
      items:
        - { text: "Pre-release: create the vx.<y+1>-codename branch", check: branch-exists }
        - "Feature freeze: only bug fixes on vx.<y+1>-codename; extra testing and benchmarks"
        - "Every core extension rebuilt for the new version (extension config files up to date)"
        - { text: "Tag vx.<y+1>.0", check: tag-exists }

flow:
  model: trunk
`;
