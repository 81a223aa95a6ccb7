#compdef nacre
# zsh completion for nacre (installed as share/zsh/site-functions/_nacre).
# The commands, options and their values come from nacre's own --help, so
# new ones complete without editing this file.

_nacre() {
  local nacre=${words[1]} cur=${words[CURRENT]} help
  if (( CURRENT == 2 )); then
    local -a cmds
    cmds=(${(f)"$($nacre --help 2>/dev/null | sed -n 's/^  nacre \([a-z][a-z-]*\) *\(.*\)/\1:\2/p')"})
    _describe 'command' cmds
    compadd -- -h --help -V --version
    return
  fi
  help=$($nacre $words[2] --help 2>/dev/null || $nacre --help 2>/dev/null)
  if [[ $cur == --*=* ]]; then
    local opt=${cur%%=*}
    local -a vals
    # where the help offers OPT=help (--target, --cpu), the names nacre lists
    if [[ $help == *"$opt=help"* ]]; then
      vals=(${(uf)"$($nacre $words[2] $opt=help 2>/dev/null | sed -n 's/^  \([^ ]*\).*/\1/p')"})
    else
      vals=(${(s:|:)${"$(print -r -- $help | grep -o -m1 -- "$opt=[a-z0-9_|.-]*")"#$opt=}})
    fi
    compadd -P "$opt=" -- $vals
  elif [[ $cur == -* ]]; then
    local -a opts
    # options start a word or follow [ | ( in the help, unlike x86-64;
    # --runtime-dir= stands for --runtime-dir where the help has both
    opts=(${(u)${(f)"$(print -r -- $help | grep -oE -- '(^|[ [|(])--?[A-Za-z0-9][A-Za-z0-9-]*=?' |
      sed 's/^[^-]*//')"}})
    local -a with=(${(M)opts:#*=}) bare=(${opts:#*=})
    local -a named=(${with%=})
    compadd -S '' -- $with
    compadd -- ${bare:|named}
  else
    _files
  fi
}

_nacre "$@"
