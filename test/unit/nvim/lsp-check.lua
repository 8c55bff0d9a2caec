-- Drives Neovim's own LSP client (0.7 APIs) against the api-errors language server, the way a user's
-- config would, and writes what it saw to $RESULT as JSON for test/unit/lsp-neovim.test.ts.
local result_path = os.getenv('RESULT')
local server = os.getenv('SERVER')
local file = os.getenv('FIXTURE')
local results = { steps = {} }

local function finish()
  local out = io.open(result_path, 'w')
  out:write(vim.fn.json_encode(results))
  out:close()
  vim.cmd('qall!')
end

local function step(name, fn)
  local ok, err = pcall(fn)
  table.insert(results.steps, { name = name, ok = ok, error = ok and vim.NIL or tostring(err) })
  return ok
end

local bufnr, client_id

local function floating_windows()
  local found = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then table.insert(found, win) end
  end
  return found
end

local ok = step('attach', function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'typescript'
  client_id = vim.lsp.start_client({
    name = 'api-errors',
    cmd = { 'node', server },
    root_dir = vim.fn.fnamemodify(file, ':h'),
  })
  assert(client_id, 'start_client returned nil')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')
  assert(vim.wait(30000, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized
  end, 50), 'the server did not initialize')
end)

ok = ok and step('diagnostics', function()
  assert(vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50), 'no diagnostics arrived')
  results.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(results.diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message, severity = d.severity, source = d.source, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) })
  end
end)

ok = ok and step('hover', function()
  local line = vim.fn.search("'grant_exhausted'")
  assert(line > 0, 'fixture has no grant_exhausted')
  local col = vim.fn.col('.')
  vim.api.nvim_win_set_cursor(0, { line, col + 2 })
  local main = vim.api.nvim_get_current_win()
  vim.lsp.buf.hover()
  assert(vim.wait(30000, function() return #floating_windows() > 0 end, 50), 'no hover window opened')
  local win = floating_windows()[1]
  results.hover = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
  vim.api.nvim_win_close(win, true)
  vim.api.nvim_set_current_win(main)
end)

ok = ok and step('code action', function()
  local before = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local offered = {}
  -- Neovim asks the user to pick through vim.ui.select: pick the branch for this code, as a user would.
  vim.ui.select = function(items, _, on_choice)
    local chosen
    for i, item in ipairs(items) do
      local action = item[2] or item
      local title = action.title or (item.action and item.action.title)
      table.insert(offered, title)
      if title and title:match('^Insert Knouds handling for grant_exhausted') then chosen = i end
    end
    on_choice(chosen and items[chosen] or nil, chosen)
  end
  vim.lsp.buf.code_action()
  assert(vim.wait(30000, function()
    return #vim.api.nvim_buf_get_lines(bufnr, 0, -1, false) ~= #before
  end, 50), 'the code action changed nothing; offered: ' .. vim.inspect(offered))
  results.offered = offered
  results.after = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end)

step('stop', function()
  vim.lsp.stop_client(client_id)
end)
finish()
