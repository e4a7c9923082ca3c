# Sourced by the scripts that need a Debian package.
# debian_install PACKAGE...: installs the packages with apt-get (through sudo
# when not root), updating the package lists first.
debian_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "installing $* from Debian" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
