defmodule Dispatcher do
  use Matcher
  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    any: [ "*/*" ]
  ]

  @json %{ accept: %{ json: true } }

  # Browsers on other domains ask first; any 200 will do.
  # (mu's README writes the path without its leading slash.)
  options "*path", _ do
    conn
    |> Plug.Conn.put_resp_header( "access-control-allow-headers", "content-type,accept" )
    |> Plug.Conn.put_resp_header( "access-control-allow-methods", "*" )
    |> send_resp( 200, "{ \"message\": \"ok\" }" )
  end

  # Credentialed requests from the partner portal.
  get "/public/*path", @json do
    conn
    |> Plug.Conn.put_resp_header( "access-control-allow-origin", "https://portal.example.org" )
    |> Plug.Conn.put_resp_header( "access-control-allow-credentials", "true" )
    |> forward( path, "http://resource/public/" )
  end

  match "/datasets/*path", @json do
    conn = Plug.Conn.put_resp_header( conn, "access-control-allow-origin", "*" )
    forward conn, path, "http://resource/datasets/"
  end

  match "/*_", %{ last_call: true } do
    send_resp( conn, 404, "Route not found." )
  end
end
