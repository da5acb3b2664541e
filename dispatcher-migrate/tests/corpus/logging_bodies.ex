defmodule Dispatcher do
  use Matcher
  require Logger

  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    html: [ "text/html", "application/xhtml+html" ]
  ]

  @json %{ accept: %{ json: true } }

  match "/sessions/*path", @json do
    IO.inspect( conn, label: "Connection for sessions service." )
    forward conn, path, "http://sessions/login/"
  end

  get "/reports/:year/*path", @json do
    target = "http://reports/" <> year <> "/"
    Logger.info("Report #{Enum.join(path, "/")} of #{year} from #{target}")
    forward conn, path, target
  end

  match "/search/*path", @json do
    query = conn.query_string
    IO.puts "search #{conn.request_path}?#{query}"
    Logger.debug "query: " <> query
    forward conn, path, "http://search/"
  end

  get "/debug/echo/*path", _ do
    Logger.warning("echoing #{conn.method} #{conn.request_path}")
    IO.inspect(path)
    send_resp(conn, 200, "You asked for #{Enum.join(path, "/")} with query '#{conn.query_string}'")
  end

  get "/version", _ do
    version = "2.3.1"
    name = "dispatcher"
    # Tell load balancers who answers.
    conn = Plug.Conn.put_resp_header(conn, "x-served-by", name <> "/" <> version)
    send_resp(conn, 200, "#{name} #{version}")
  end
end
