# Bodies with Elixir the converter does not translate: each construct
# becomes a compile_error! naming it, the rest is converted.
defmodule Dispatcher do
  use Matcher
  require Logger

  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ]
  ]

  get "/tenants/*path", _ do
    case Plug.Conn.get_req_header(conn, "x-tenant") do
      [tenant | _] -> forward conn, path, "http://" <> tenant <> "/"
      [] -> send_resp(conn, 400, "no tenant")
    end
  end

  get "/shout/*path", _ do
    Logger.debug fn -> "lazy message" end
    loud = Enum.map(path, &String.upcase/1)
    forward conn, loud, "http://echo/"
  end

  match "/checked/*path", %{ accept: %{ json: true } } do
    {:ok, target} = Map.fetch(%{"a" => "http://a/"}, "a")
    forward conn, path, target
  end

  get "/fine/*path", _ do
    forward conn, path, "http://fine/"
  end
end
