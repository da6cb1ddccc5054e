/**
 * `trellis completion bash|zsh|fish`: a completion script made from the command tree itself
 * (every command, sub-command and option), so it cannot fall behind the commands. Install:
 * bash `trellis completion bash > ~/.local/share/bash-completion/completions/trellis`; zsh
 * `trellis completion zsh > "${fpath[1]}/_trellis"`; fish `trellis completion fish >
 * ~/.config/fish/completions/trellis.fish`.
 */
import { Argument, type Command } from 'commander';
import type { CliIo } from '../io.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

/** A command path (`release`, `version sort`) with its options and sub-commands. */
interface Node {
  path: string[];
  options: string[];
  subcommands: string[];
  about: string;
}

function nodesOf(cmd: Command, path: string[] = []): Node[] {
  const out: Node[] = [];
  for (const sub of cmd.commands) {
    if (sub.name() === 'help') continue;
    const p = [...path, sub.name()];
    const options = sub.options.flatMap((o) => [o.short, o.long].filter((f): f is string => f !== undefined));
    out.push({ path: p, options: [...options, '--help'], subcommands: sub.commands.map((c) => c.name()), about: sub.description() });
    out.push(...nodesOf(sub, p));
  }
  return out;
}

const ROOT_OPTIONS = ['-C', '--remote', '--debug', '--verbose', '--version', '--help'];

function bash(nodes: Node[]): string {
  const top = nodes.filter((n) => n.path.length === 1).map((n) => n.path[0]);
  const known = `|${nodes.map((n) => n.path.join(' ')).join('|')}|`;
  const cases = nodes.map((n) => `    "${n.path.join(' ')}") words="${[...n.subcommands, ...n.options].join(' ')}" ;;`).join('\n');
  return `# bash completion for trellis (trellis completion bash)
_trellis() {
  local cur path="" w i words next
  local known="${known}"
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in
      -C|--remote) ((i++)) ;;
      -*) ;;
      *)
        # Only command words extend the path; operands (commits, versions) do not.
        next="\${path:+$path }$w"
        [[ "$known" == *"|$next|"* ]] && path="$next" ;;
    esac
  done
  case "$path" in
    "") words="${[...top, ...ROOT_OPTIONS].join(' ')}" ;;
${cases}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _trellis trellis trellis-release
`;
}

function zsh(nodes: Node[]): string {
  // zsh runs bash completion functions through bashcompinit: one script to keep right.
  return `#compdef trellis trellis-release
# zsh completion for trellis (trellis completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bash(nodes).replace(/^# bash completion.*\n/, '')}`;
}

function fish(nodes: Node[]): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines = ['# fish completion for trellis (trellis completion fish)', 'complete -c trellis -f'];
  for (const n of nodes) {
    const parent = n.path.slice(0, -1);
    const cond = parent.length === 0 ? '__fish_use_subcommand' : `__fish_seen_subcommand_from ${parent.join(' ')}`;
    lines.push(`complete -c trellis -n ${q(cond)} -a ${n.path[n.path.length - 1]} -d ${q(n.about.slice(0, 80))}`);
    const own = `__fish_seen_subcommand_from ${n.path[n.path.length - 1]}`;
    for (const o of n.options) {
      lines.push(
        o.startsWith('--') ? `complete -c trellis -n ${q(own)} -l ${o.slice(2)}` : `complete -c trellis -n ${q(own)} -s ${o.slice(1)}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

export function register(program: Command, io: CliIo): void {
  program
    .command('completion')
    .description('print a shell completion script: bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  trellis completion bash > ~/.local/share/bash-completion/completions/trellis',
        '  trellis completion zsh > "${fpath[1]}/_trellis"',
        '  trellis completion fish > ~/.config/fish/completions/trellis.fish',
      ].join('\n'),
    )
    .action((shell: Shell) => {
      const nodes = nodesOf(program);
      io.stdout.write(shell === 'bash' ? bash(nodes) : shell === 'zsh' ? zsh(nodes) : fish(nodes));
    });
}
