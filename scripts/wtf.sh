# Sourced by the scripts that run wtf_wikipedia (needs interop/debian.sh).
# wtf_install DIR: installs node and npm from Debian if they are missing and
# the npm package wtf_wikipedia into DIR (a cache folder outside the
# repository) if it is not there; prints the folder to require.
wtf_install() {
  command -v node >/dev/null || debian_install nodejs npm
  if [ ! -d "$1/node_modules/wtf_wikipedia" ]; then
    mkdir -p "$1"
    npm install --silent --no-audit --no-fund --prefix "$1" wtf_wikipedia >/dev/null
  fi
  echo "$1/node_modules/wtf_wikipedia"
}
