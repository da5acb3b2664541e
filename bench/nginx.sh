# Sourced by the bench scripts: nginx configuration shared by the upstream
# and the nginx reverse proxy, and the upstream itself (one worker serving a
# 100 B file and a 1 MiB file). Everything lives under a work directory.

# The main context of an nginx named NAME under WORK.
nginx_main() { # WORK NAME
  cat <<CONF
worker_processes 1;
daemon off;
master_process on;
user $(id -un);
error_log $1/$2/error.log warn;
pid $1/$2/nginx.pid;
worker_rlimit_nofile 20000;
events { worker_connections 19000; multi_accept on; }
CONF
}

# The part of the http context both nginx instances share.
nginx_http() { # WORK NAME
  cat <<CONF
    access_log off;
    client_body_temp_path $1/$2/body;
    proxy_temp_path $1/$2/proxy;
    fastcgi_temp_path $1/$2/fastcgi;
    uwsgi_temp_path $1/$2/uwsgi;
    scgi_temp_path $1/$2/scgi;
    keepalive_requests 10000000;
    keepalive_timeout 600s;
CONF
}

# Writes the upstream's files (/assets/small.txt, /assets/1m.bin) and its
# configuration: HTTP/1.1 on PORT when given, and h2c on H2_PORT when
# given. (bench/compare.sh's HTTP/1.1 upstream is canned-upstream, which
# answers with the same heads for less of the load core.) The 100 B
# answer comes from memory (`return`), not from a file nginx would open,
# stat and close per request: the upstream shares its core with the load
# generator, and the cheaper it is, the more load the proxy under test gets.
nginx_upstream_config() { # WORK PORT [H2_PORT]
  local work=$1 port=$2 h2=${3:-}
  mkdir -p "$work/upstream/assets" "$work/nginx-up"
  head -c 100 /dev/zero | tr '\0' 'x' >"$work/upstream/assets/small.txt"
  head -c $((1024 * 1024)) /dev/urandom >"$work/upstream/assets/1m.bin"
  cat >"$work/nginx-up/nginx.conf" <<CONF
$(nginx_main "$work" nginx-up)
http {
$(nginx_http "$work" nginx-up)
    sendfile on;
    tcp_nopush on;
    server {
        ${port:+listen 127.0.0.1:$port backlog=4096;}
        ${h2:+listen 127.0.0.1:$h2 http2 backlog=4096;}
        root $work/upstream;
        open_file_cache max=16;
        location = /assets/small.txt {
            default_type text/plain;
            return 200 '$(head -c 100 /dev/zero | tr '\0' 'x')';
        }
    }
}
CONF
}

# Waits until something listens on 127.0.0.1:PORT (at most 10 s).
wait_port() { # PORT
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on $1" >&2
  exit 1
}

# The nginx reverse proxy: the same work as the dispatcher's rules, streaming
# both ways (request bodies are not spooled to disk, responses never go to
# temporary files), keep-alive to the upstream.
nginx_proxy_config() { # WORK NAME PORT ACCESS_LOG WORKERS UPSTREAM_PORT BULK_PORT
  local work=$1 name=$2 port=$3 log=$4 workers=$5 up=$6 bulk=$7
  cat <<EOF
$(nginx_main "$work" "$name" | sed "s/^worker_processes 1;/worker_processes $workers;/")
http {
$(nginx_http "$work" "$name" | sed "s|access_log off;|access_log $log;|")
    upstream frontend { server 127.0.0.1:$up; keepalive 256; keepalive_requests 10000000; }
    upstream resource { server 127.0.0.1:$bulk; keepalive 256; }
    server {
        listen 127.0.0.1:$port backlog=4096;
        $( [ "$name" = nginx-proxy ] && echo "listen 127.0.0.1:$((port + 100)) http2 backlog=4096;")
        client_max_body_size 0;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host \$host;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto \$scheme;
        proxy_set_header X-Forwarded-Host \$host;
        proxy_request_buffering off;
        proxy_max_temp_file_size 0;
        location /assets/ { proxy_pass http://frontend; }
        location /themes/ { proxy_pass http://resource; }
    }
}
EOF
}
