/** Llama Stack-style: the Llama Stack Release Process. */
export const llamaStack = `# yaml-language-server: $schema=./node_modules/trellis-release/schema/trellis.schema.json
# Trellis policy for a Llama Stack-style project (preset: release-branches, from Llama Stack).
# Source: "Llama Stack Release Process": the Llama Stack-style process.
# Every key: https://unpkg.com/trellis-release/docs/policy.md; check this file with: trellis policy check

project:
  name: llama-stack
  packages:
    # "Release Artifacts": PyPI llama-stack and llama-stack-client, npm llama-stack-client.
    - { ecosystem: PyPI, name: llama-stack }
    - { ecosystem: PyPI, name: llama-stack-client }
    - { ecosystem: npm, name: llama-stack-client }

versioning:
  # "Release Candidates: Format vX.Y.ZrcN (e.g., v0.4.0rc1, v0.4.0rc2)" and dev builds such as
  # "0.4.6.dev0" are PEP 440 versions.
  scheme: pep440
  prerelease:
    labels: [rc]
    format: "{label}{n}"
  # "Create GitHub release: tag v0.4.5"; "From tag (v0.4.5 -> 0.4.5)".
  tag: "v{version}"
  # "release-X.Y.x: Release branches for each minor version".
  line: minor
  # "Minor (0.Y.0)": while the major is 0, breaking changes bump the minor.
  zeroMajor: minor

branches:
  # "main: Active development branch, always contains the latest code".
  main: main
  release:
    # "release-X.Y.x: Release branches for each minor version (e.g., release-0.3.x, release-0.4.x)".
    - "release-{major}.{minor}.x"
    # Older history cut one branch per release (release-0.2.10) before release-X.Y.x.
    - "release-{major}.{minor}.{patch}"
  # "Critical fixes are backported from main to active release branches using Mergify".
  backport: "backport/{line}/{sha}"

support:
  # "Maintenance Policy": "Llama Stack actively maintains the last 2 stable minor releases".
  # "Older releases: Unmaintained: No backports; upgrade recommended".
  maintained: 2

cadence:
  # "Release Schedule": Major every 6-8 months, Minor monthly, Patch weekly.
  major: 6-8 months
  minor: 1 month
  patch: 1 week

versionFiles:
  # The root pyproject.toml of the Python package; a project with more packages (or a UI that pins
  # the client in its package.json) adds one entry per file: see docs/policy.md, "Presets".
  # Patch release, pre-release on release-0.4.x: "Update fallback_version to '0.4.5'".
  - path: pyproject.toml
    kind: toml
    key: tool.setuptools_scm.fallback_version
    value: "{version}"
    when: [release]
    branch: line
  # "Update llama-stack-client==0.4.4 -> llama-stack-client==0.4.5 in pyproject.toml (2 places:
  # [project.optional-dependencies] and [dependency-groups])": every pin of the package.
  - path: pyproject.toml
    kind: pin
    package: llama-stack-client
    value: "{version}"
    when: [release]
    branch: line
  # Post-release on main: "Update fallback_version to '0.4.6.dev0'"; for a minor release
  # "Post-release fallback_version on main becomes '0.5.1.dev0'".
  - path: pyproject.toml
    kind: toml
    key: tool.setuptools_scm.fallback_version
    value: "{nextDev}"
    when: [post-release]
    branch: main

backport:
  # "Maintained" means: "Bug fixes: Critical bugs are backported to maintained release branches";
  # "Security patches: Security vulnerabilities are patched in maintained releases".
  kinds:
    feature: []
    bugfix: [prerelease, full, bugfix]
    security: [prerelease, full, bugfix, security]
  # Mergify backports keep "(cherry picked from commit ...)".
  origin: x
  conflicts: fail
  mode: branch

release:
  # "Create GitHub release: tag v0.4.5, target release-0.4.x".
  sign: false
  tagMessage: plain
  # "Generate release notes" (published on the GitHub release, not in a changelog file).
  changelog: false
  postRelease:
    - "Verify every package is published (PyPI and npm)"
    - "Post-release on the release branch: update the client in the UI's package.json and package-lock.json"
    - "Announce the release"
  # "Release candidates are published before the final release" of a minor or major; "Community
  # testing window: 1 week" (minor), "2-3 weeks" (major). Uncomment to enforce it: trellis
  # release then refuses a final X.Y.0 without an rc or before the window since its first rc
  # (unless --force --reason) and trellis check reports it (testing-window; docs/check.md).
  # testingWindow:
  #   minor: 1 week
  #   major: 2 weeks
  #   requireRc: true
  checklists:
    # "Patch Releases (Z-stream): Rely primarily on automated CI tests".
    patch:
      items:
        - "Open a thread for the release in the project's release channel"
        - "Cherry-pick any needed fixes to the release branch"
        - { text: "Update fallback_version in the pyproject.toml files", check: versions-bumped }
        - "Update llama-stack-client pins in pyproject.toml (2 places)"
        - "PR and merge to the release branch (CI will fail on unresolvable client pin: expected)"
        - { text: "Create GitHub release: tag vX.Y.Z, target release-X.Y.x", check: tag-exists }
        - "Verify every package is published"
        - "Post-release on the release branch: npm install llama-stack-client@^X.Y.Z in the UI"
        - "Post-release on main: fallback_version to the next .dev0 in the pyproject.toml files"
        - { text: "Generate release notes", check: notes-written }
        - "Announce the release"
    # "Minor release (e.g., 0.5.0 - new release branch): All of the above, plus".
    # "Minor Releases (Y-stream)": "Community testing window: 1 week"; "Release candidates
    # published for community validation".
    minor:
      extends: patch
      candidates: true
      testingWindow: 1 week
      items:
        - { text: "Create release-X.Y.x branch off main", check: branch-exists }
        - "Ensure the release branch has the setuptools-scm config in the pyproject.toml files"
        - "Manual feature testing for new functionality"
        - "Documentation verification"
    # "Major Releases (X-stream)": "Community testing window: 2-3 weeks"; "Multiple release
    # candidates as needed".
    major:
      extends: minor
      candidates: true
      testingWindow: 2-3 weeks
      items:
        - "Scheduled testing period with predefined test plans"
        - "Cross-provider compatibility testing"
        - "Performance benchmarking"

flow:
  # "Patch releases are made from release branches".
  model: trunk
`;
