# Sourced by the interop checks that need a package from npm.
# npm_home NAME VERSION: installs NAME@VERSION, if it is not there yet, into
# its own folder of a cache outside the repository, and prints that folder.
npm_home() {
  local name=$1 version=$2
  local home="${XDG_CACHE_HOME:-$HOME/.cache}/wikipipe-interop/$name"
  if [ ! -f "$home/node_modules/$name/package.json" ] ||
    ! grep -q "\"version\": \"$version\"" "$home/node_modules/$name/package.json"; then
    command -v npm >/dev/null || { echo "npm is needed (apt-get install npm)" >&2; return 1; }
    mkdir -p "$home"
    echo "installing $name@$version into $home" >&2
    npm install --prefix "$home" --no-audit --no-fund --silent "$name@$version" >&2 || return 1
  fi
  echo "$home"
}
