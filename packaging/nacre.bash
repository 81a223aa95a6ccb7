# bash completion for nacre (installed as
# share/bash-completion/completions/nacre).  The commands, options and
# their values come from nacre's own --help, so new ones complete without
# editing this file.

# _nacre_help NACRE CMD: the help that lists CMD's options.
_nacre_help() {
  "$1" "$2" --help 2>/dev/null || "$1" --help 2>/dev/null
}

_nacre() {
  local nacre=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]} words
  if ((COMP_CWORD == 1)); then
    words=$("$nacre" --help 2>/dev/null | sed -n 's/^  nacre \([a-z][a-z-]*\).*/\1/p')
    mapfile -t COMPREPLY < <(compgen -W "$words -h --help -V --version" -- "$cur")
    return
  fi
  case $cur in
  --*=*)
    # --emit=exe|obj|so: the values the help spells out in lower case;
    # where it offers OPT=help (--target, --cpu), the names nacre lists.
    local opt=${cur%%=*} help
    help=$(_nacre_help "$nacre" "$cmd")
    if grep -q -- "$opt=help" <<<"$help"; then
      words=$("$nacre" "$cmd" "$opt=help" 2>/dev/null | sed -n 's/^  \([^ ]*\).*/\1/p' | sort -u)
    else
      words=$(grep -m1 -o -- "$opt=[a-z0-9_|.-]*" <<<"$help" | sed "s/^$opt=//" | tr '|' '\n')
    fi
    mapfile -t COMPREPLY < <(compgen -P "$opt=" -W "$words" -- "${cur#*=}")
    ;;
  -*)
    # --runtime-dir= where the help has both it and --runtime-dir
    # (options start a word or follow [ | ( in the help, unlike x86-64)
    words=$(_nacre_help "$nacre" "$cmd" | grep -oE -- '(^|[ [|(])--?[A-Za-z0-9][A-Za-z0-9-]*=?' |
      sed 's/^[^-]*//' | awk '{ seen[$0] = 1 } END { for (w in seen) if (!((w "=") in seen)) print w }')
    mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
    [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace
    ;;
  *)
    compopt -o filenames
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    ;;
  esac
}
complete -F _nacre nacre
