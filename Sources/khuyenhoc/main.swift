print("khuyenhoc")
