defmodule Dispatcher do
  use Matcher
  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    html: [ "text/html", "application/xhtml+html" ]
  ]

  @json %{ accept: %{ json: true } }

  get "/status", _ do
    send_resp( conn, 200, "ok" )
  end

  # A HEAD probe for the load balancer; mu-dispatcher's `get` did not
  # serve HEAD.
  head "/status", _ do
    send_resp( conn, 204, "" )
  end

  match "/themes/*path", @json do
    forward conn, path, "http://resource/themes/"
  end

  # Copied twice when the themes moved to their own service.
  match "/themes/*path", @json do
    forward conn, path, "http://themes/themes/"
  end

  # More specific than the rule above, but that one comes first.
  get "/themes/:id/image", %{ accept: %{ json: true, html: true } } do
    forward conn, [], "http://images/themes/" <> id
  end

  # This one still fires: for html, the json rule does not match.
  get "/themes/:id/image", %{ accept: %{ html: true } } do
    forward conn, [], "http://images/themes/" <> id <> "/preview"
  end

  put "/people/:id", @json do
    forward conn, [], "http://people/people/" <> id
  end

  match "/people/*path", @json do
    forward conn, path, "http://resource/people/"
  end

  match "/*_", %{ last_call: true } do
    send_resp( conn, 404, "Not found" )
  end

  get "/*_", %{ last_call: true, accept: %{ html: true } } do
    send_resp( conn, 404, "<h1>Not found</h1>" )
  end
end
